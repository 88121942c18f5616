// The --import preload runs the --require one (bundle/register-loader.ts, installEsmRegister).
import { createRequire } from 'node:module';
createRequire(import.meta.url)('./register.cjs');
