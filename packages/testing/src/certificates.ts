/**
 * Certificates for tests of TLS exports: a private CA, a server certificate for 127.0.0.1 and
 * localhost, and a client certificate for mutual TLS, made by openssl (EC P-256, valid two days)
 * in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of the PEM files. */
export interface TestCertificates {
  readonly caFile: string;
  readonly serverKeyFile: string;
  readonly serverCertFile: string;
  readonly clientKeyFile: string;
  readonly clientCertFile: string;
  /** The client certificate's common name, as a receiver sees it. */
  readonly clientName: string;
  /** Delete the folder. */
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Make a CA and the certificates it signs. Needs the `openssl` command. */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'otelkit-certs-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const issue = (name: string, cn: string, extensions: string): void => {
    openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  };
  const clientName = 'otelkit-test-client';
  try {
    openssl('req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=otelkit test CA');
    issue('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    issue('client', clientName, 'extendedKeyUsage=clientAuth\n');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    caFile: join(dir, 'ca.pem'),
    serverKeyFile: join(dir, 'server.key'),
    serverCertFile: join(dir, 'server.pem'),
    clientKeyFile: join(dir, 'client.key'),
    clientCertFile: join(dir, 'client.pem'),
    clientName,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
