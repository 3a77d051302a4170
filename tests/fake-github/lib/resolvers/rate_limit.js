// RateLimit is answered from the request context (values after this request is charged).
'use strict';

module.exports = {
  RateLimit: {},
};
