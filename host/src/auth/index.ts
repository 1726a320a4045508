export {
  AccessControl,
  type AccessControlOptions,
  type HeadersLike,
  type Principal,
} from './access-control.js';
export {
  API_KEY_PREFIX,
  type ApiKeyInfo,
  type ApiKeyOwner,
  ApiKeyStore,
  type CreatedApiKey,
  hashApiKey,
} from './api-keys.js';
export {
  type BetterAuthInstance,
  type CreateAuthOptions,
  createAuth,
  type DynamicBaseURL,
  hostBaseURL,
  LOCAL_HOSTS,
  type QmoAuth,
} from './auth.js';
export {
  ADMIN_EMAIL_ENV,
  ADMIN_NAME_ENV,
  ADMIN_PASSWORD_ENV,
  type BootstrapResult,
  ensureBootstrapAdmin,
} from './bootstrap.js';
export { AccessDeniedError, UNAUTHENTICATED, UnauthenticatedError } from './errors.js';
export {
  ANONYMOUS_ACTOR,
  type AuthAction,
  type AuthEvent,
  type AuthEventSink,
  CLI_ACTOR,
  SYSTEM_ACTOR,
} from './events.js';
export {
  type AnyContext,
  type AuthEnv,
  type AuthVariables,
  accountsOfCaller,
  assertAccount,
  authContext,
  getPrincipal,
  mountAuth,
  optionalAuth,
  requireAuth,
  requireRole,
} from './middleware.js';
export { ALL_ACCOUNTS_ROLES, DEFAULT_ROLE, isRole, type Role, TRADING_ROLES, USER_ROLES } from './roles.js';
export {
  AUTH_SECRET_ENV,
  AUTH_SECRET_FILE,
  type ResolveAuthSecretOptions,
  resolveAuthSecret,
} from './secret.js';
export { type AuthSocketData, socketAuth } from './socket-auth.js';
export { type Grants, type NewUser, UserDirectory, type UserRecord } from './users.js';
export {
  createApiKeyBody,
  createUserBody,
  setGrantsBody,
  setRoleBody,
  type UsersRoutesDeps,
  usersRoutes,
} from './users-routes.js';
