'use strict';
exports.VERSION = '$version';
exports.greet = (name) => `hello $${name} from granary-demo-lib $${exports.VERSION}`;
