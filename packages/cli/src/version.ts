import { OTELKIT_VERSION } from '@otelkit/core';

/** Version printed by `otelkit --version`: the otelkit release (a test keeps package.json equal). */
export const CLI_VERSION: string = OTELKIT_VERSION;
