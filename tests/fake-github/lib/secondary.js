// GitHub's secondary rate limits, which a client cannot read, only respect: content-creating requests
// (80 a minute, 500 an hour; the fake counts every mutation) and GraphQL points a minute (a query 1,
// a request with mutations 5; off by default so load benchmarks that only read are not throttled).
'use strict';

const minute = 60 * 1000;
const hour = 60 * minute;
const defaults = { content_per_minute: 80, content_per_hour: 500, points_per_minute: null };

class secondary_limits {
  constructor() {
    this.limits = { ...defaults };
    this.reset();
  }

  reset() {
    this.content = [];   // one timestamp (ms) per mutation
    this.points = [];    // { t, points } per GraphQL request
  }

  // v: { content_per_minute?, content_per_hour?, points_per_minute? (null = off), reset? }.
  // Returns an error message, or null once applied.
  configure(v) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'body must be a JSON object';
    for (const k of Object.keys(v)) {
      if (k === 'reset') continue;
      if (!Object.prototype.hasOwnProperty.call(defaults, k)) return `unknown key '${k}'; known: ${Object.keys(defaults).join(', ')}, reset`;
      if (v[k] !== null && (!Number.isInteger(v[k]) || v[k] < 0)) return `${k} must be a non-negative integer or null (no limit)`;
    }
    for (const k of Object.keys(defaults)) if (v[k] !== undefined) this.limits[k] = v[k];
    if (v.reset) this.reset();
    return null;
  }

  view(now_ms) {
    this.forget(now_ms);
    const in_last = (ms) => this.content.filter((t) => t > now_ms - ms).length;
    return {
      ...this.limits,
      used: {
        content_last_minute: in_last(minute),
        content_last_hour: in_last(hour),
        points_last_minute: this.points.filter((p) => p.t > now_ms - minute).reduce((n, p) => n + p.points, 0),
      },
    };
  }

  forget(now_ms) {
    this.content = this.content.filter((t) => t > now_ms - hour);
    this.points = this.points.filter((p) => p.t > now_ms - minute);
  }

  // Admits a request with `mutations` mutation fields, or answers { retry_after } seconds: how long
  // until the window that refused it has room again. An admitted request is counted.
  admit(now_ms, mutations) {
    this.forget(now_ms);
    const points = mutations > 0 ? 5 : 1;
    const waits = [];
    const content_window = (limit, span) => {
      if (limit === null || mutations === 0) return;
      const inside = this.content.filter((t) => t > now_ms - span);
      if (inside.length + mutations <= limit) return;
      // The window frees up when enough of its oldest entries have aged out.
      const must_leave = inside.length + mutations - limit;
      const t = must_leave <= inside.length ? inside[must_leave - 1] : now_ms;
      waits.push(t + span - now_ms);
    };
    content_window(this.limits.content_per_minute, minute);
    content_window(this.limits.content_per_hour, hour);
    if (this.limits.points_per_minute !== null) {
      const used = this.points.reduce((n, p) => n + p.points, 0);
      if (used + points > this.limits.points_per_minute) waits.push((this.points.length ? this.points[0].t : now_ms) + minute - now_ms);
    }
    if (waits.length) return { retry_after: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
    for (let i = 0; i < mutations; ++i) this.content.push(now_ms);
    this.points.push({ t: now_ms, points });
    return null;
  }
}

module.exports = { secondary_limits };
