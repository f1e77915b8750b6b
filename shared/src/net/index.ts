export {
  assertPublicUrl,
  isPrivateAddress,
  guardedLookup,
  NetError,
  type AddressPolicy,
  type NetErrorCode,
} from './address-guard.ts';
export {
  safeFetch,
  guardedAgent,
  closeAgents,
  toNetError,
  DEFAULT_USER_AGENT,
  type SafeFetchOptions,
  type SafeResponse,
} from './safe-fetch.ts';
export { redactUrl, redactUrlsIn } from './redact-url.ts';
