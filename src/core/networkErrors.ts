// What undici's low-level failures mean for us. Before a response: a NetworkError (retryable). While a
// stream's body is read: a StreamInterruptedError, 'idle' for the body timeout, 'connection' for a
// dropped socket (undici reports it as `TypeError: terminated` or UND_ERR_SOCKET, with no status).
import { NetworkError, StreamInterruptedError } from './errors';

const SYSTEM_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name could not be resolved (offline?)',
  EAI_AGAIN: 'the host name could not be resolved (offline?)',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  EPIPE: 'the connection was closed while sending',
};

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isDroppedConnection(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return message === 'terminated' || message === 'other side closed' || message === 'aborted';
}

/** The NetworkError for a failure before any response, or undefined when `err` is not a network failure. */
export function toNetworkError(err: unknown, host: string, timeouts: { connectMs: number; firstByteMs: number }): NetworkError | undefined {
  const code = errorCode(err);
  const where = `Could not reach ${host}`;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new NetworkError(`${where}: no connection within ${timeouts.connectMs} ms.`, { cause: err, code });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new NetworkError(`${host} did not answer within ${timeouts.firstByteMs} ms.`, { cause: err, code });
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetworkError(`${where}: the connection was closed before the answer was complete.`, { cause: err, code });
  }
  if (code && SYSTEM_CODES[code]) return new NetworkError(`${where}: ${SYSTEM_CODES[code]}.`, { cause: err, code });
  if (isDroppedConnection(err)) return new NetworkError(`${where}: the connection was closed.`, { cause: err, code });
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return new NetworkError(`${where}: TLS failed (${code}). Behind a proxy that inspects TLS, check http.proxyStrictSSL.`, { cause: err, code });
  }
  return undefined;
}

/** The error for a failure while a stream's body was being read, or undefined when it is something else. */
export function toStreamInterruption(err: unknown, idleMs: number): StreamInterruptedError | undefined {
  const code = errorCode(err);
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new StreamInterruptedError('idle', `The answer stopped: nothing arrived for ${idleMs} ms.`, { cause: err });
  }
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED' || (code && SYSTEM_CODES[code]) || isDroppedConnection(err)) {
    return new StreamInterruptedError('connection', 'The answer stopped: the connection was closed before it was complete.', { cause: err });
  }
  return undefined;
}
