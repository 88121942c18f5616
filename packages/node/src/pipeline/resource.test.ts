import { describe, expect, it } from 'vitest';
import { detectContainerId } from './resource.js';

const ID = 'a'.repeat(12) + 'b'.repeat(52);

describe('detectContainerId', () => {
  it('reads the id from a cgroup v1 line', () => {
    const files: Record<string, string> = { '/proc/self/cgroup': `12:pids:/docker/${ID}\n1:name=systemd:/docker/${ID}\n` };
    expect(detectContainerId((p) => files[p] ?? '')).toBe(ID);
  });
  it('falls back to the cgroup v2 hostname mount', () => {
    const files: Record<string, string> = {
      '/proc/self/cgroup': '0::/\n',
      '/proc/self/mountinfo': `601 588 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw - ext4\n`,
    };
    expect(detectContainerId((p) => files[p] ?? '')).toBe(ID);
  });
  it('returns undefined outside a container and when the files are missing', () => {
    expect(detectContainerId(() => '0::/init.scope\n')).toBeUndefined();
    expect(detectContainerId(() => {
      throw new Error('ENOENT');
    })).toBeUndefined();
  });
});
