export {
  startOtlpReceiver,
  type OtlpReceiver,
  type OtlpReceiverOptions,
} from './receiver.js';
export type { WaitOptions } from './wait.js';
export type {
  OtlpFault,
  OtlpSignal,
  ReceivedAttributes,
  ReceivedDataPoint,
  ReceivedExemplar,
  ReceivedExponentialBuckets,
  ReceivedLogRecord,
  ReceivedMetric,
  ReceivedMetricType,
  ReceivedRequest,
  ReceivedScope,
  ReceivedSpan,
  ReceivedSpanEvent,
  ReceivedSpanLink,
  ReceivedValue,
} from './types.js';
export { otlpProtoDir } from './proto.js';
export {
  decodeExportRequest,
  exportAnswer,
  type DecodedExportRequest,
  type ExportAnswer,
  type ExportRequestError,
} from './codec.js';
export {
  runApp,
  runAppToExit,
  type AppExit,
  type AppProcess,
  type PreloadMode,
  type RunAppOptions,
  type WaitForOutputOptions,
} from './run-app.js';
export { createTestCertificates, type TestCertificates } from './certificates.js';
