import {
  __esm,
  init_esm_shims
} from "./chunk-KUPJGYHE.js";

// ../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/execAsync.mjs
import * as child_process from "child_process";
import * as util from "util";
var execAsync;
var init_execAsync = __esm({
  "../../node_modules/@opentelemetry/sdk-metrics/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/execAsync.mjs"() {
    "use strict";
    init_esm_shims();
    execAsync = util.promisify(child_process.exec);
  }
});

export {
  execAsync,
  init_execAsync
};
//# sourceMappingURL=chunk-U2PTUQ3X.js.map