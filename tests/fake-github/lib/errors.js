// Errors shaped like GitHub's GraphQL errors: a top-level `type` (NOT_FOUND, RATE_LIMITED, ...)
// next to message, locations and path.
'use strict';

class github_error extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

// A field or argument GitHub has but this fake does not answer yet: an error, never a silent null,
// so a test cannot pass on data the real API would have returned differently.
class not_implemented_error extends Error {
  constructor(what) {
    super(`fake-github does not implement ${what}; add it under tests/fake-github/lib/resolvers/`);
    this.type = 'FAKE_NOT_IMPLEMENTED';
  }
}

function format_error(error) {
  const out = {};
  const original = error.originalError;
  if (original && original.type) out.type = original.type;
  else if (error.type) out.type = error.type;
  if (error.path) out.path = error.path;
  if (error.locations) out.locations = error.locations;
  out.message = error.message;
  if (error.extensions && Object.keys(error.extensions).length) out.extensions = error.extensions;
  return out;
}

module.exports = { github_error, not_implemented_error, format_error };
