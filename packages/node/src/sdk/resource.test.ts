import { detectResources, hostDetector } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { defaultServiceName, detectContainerId, detectLinuxHost, randomInstanceId } from './resource.js';

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

describe('detectLinuxHost', () => {
  it.runIf(process.platform === 'linux')('writes what the upstream host detector writes on this machine', async () => {
    const upstream = detectResources({ detectors: [hostDetector] });
    await upstream.waitForAsyncAttributes?.();
    expect(detectLinuxHost()).toEqual(upstream.attributes);
  });
  it('falls back to the dbus machine id, and leaves host.id out when neither file exists', () => {
    const dbus = detectLinuxHost((p) => {
      if (p === '/var/lib/dbus/machine-id') return 'abc123\n';
      throw new Error('ENOENT');
    });
    expect(dbus['host.id']).toBe('abc123');
    const none = detectLinuxHost(() => {
      throw new Error('ENOENT');
    });
    expect(none).not.toHaveProperty('host.id');
    expect(typeof none['host.name']).toBe('string');
  });
});

describe('randomInstanceId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  it('is a version 4 UUID from the OS random source, different every time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => randomInstanceId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('sets the version and variant bits of the bytes it is given', () => {
    expect(randomInstanceId(() => Buffer.alloc(16, 0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomInstanceId(() => Buffer.alloc(16, 0))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('falls back to crypto.randomUUID() without /dev/urandom', () => {
    expect(randomInstanceId(() => { throw new Error('ENOENT'); })).toMatch(UUID_V4);
  });
});

describe('defaultServiceName', () => {
  it('C7: unknown_service and the executable name, not its path', () => {
    expect(defaultServiceName('/usr/local/bin/node')).toBe('unknown_service:node');
    expect(defaultServiceName('node')).toBe('unknown_service:node');
    expect(defaultServiceName('')).toBe('unknown_service');
  });
});
