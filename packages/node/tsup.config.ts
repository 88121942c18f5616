import { packageBuild } from '../../tsup.base';

// register.* has side effects by design (it starts the SDK); index must not pull it in.
export default packageBuild(['src/index.ts', 'src/register.ts']);
