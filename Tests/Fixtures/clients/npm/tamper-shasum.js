'use strict';
// A `node --require` preload for the bad-input test: npm serializes the packument it PUTs on
// `npm publish` with JSON.stringify; this replaces every version's dist.shasum in it with one that
// does not match the attached tarball (dist.integrity is left as npm computed it).
const stringify = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  if (value && typeof value === 'object' && value._attachments && value.versions) {
    for (const version of Object.values(value.versions)) {
      if (version && version.dist) version.dist.shasum = '0'.repeat(40);
    }
  }
  return stringify.call(this, value, ...rest);
};
