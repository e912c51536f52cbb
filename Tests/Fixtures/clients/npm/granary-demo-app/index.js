'use strict';
const lib = require('granary-demo-lib');
exports.VERSION = '$version';
exports.main = () => lib.greet('@acme/granary-demo-app ' + exports.VERSION);
