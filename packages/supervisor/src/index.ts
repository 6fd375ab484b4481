export {
  type PlatformPorts,
  type PlatformServicesOptions,
  platformServices,
  portSettings,
} from './platform-services.ts';
export { type BusyPort, busyPlatformPorts, platformRunningMessage } from './platform-stopped.ts';
export { isPortFree } from './port-check.ts';
export { descendantsOf, isStillRunning, type ProcessEntry, residentKilobytes } from './process-table.ts';
export { type ServiceSpec, SupervisorError, type SupervisorErrorCode } from './service-spec.ts';
export { createSupervisor, type Supervisor, type SupervisorOptions } from './supervisor.ts';
