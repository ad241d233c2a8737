/** What the rest of the engine (main.ts first) needs from config/. */
export { ConfigError, formatConfigError, type ConfigErrorDetails, type ConfigProblem } from './config-error.js';
export {
  findAgent,
  findEntry,
  findTown,
  summarizeDeployment,
  WEEKDAYS,
  type Agent,
  type DailyHours,
  type Deployment,
  type Entry,
  type EntryRouting,
  type ForwardRule,
  type PartnerCenter,
  type ServiceCenter,
  type Town,
  type Weekday,
} from './deployment.js';
export { loadEngineSettings, redactSettings, sampleSecretsOf, LOG_LEVELS, type EngineSettings, type Env, type LogLevel } from './env.js';
export { loadDeployment, parseDeployment, validateDeployment, type DeploymentValidation } from './load-deployment.js';
