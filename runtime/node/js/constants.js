// node:constants (deprecated in Node): the file-system and crypto constants together.
(function (require) {
  "use strict";
  return { ...require("fs").constants, ...require("crypto").constants };
})
