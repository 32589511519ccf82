export type { ServiceContext } from './context';
export { createSecretBox, parseSecretKey, type SecretBox } from './secrets';

export { listZones } from './zones/list-zones';
export { createZone, createZoneInput } from './zones/create-zone';
export { renameZone, renameZoneInput } from './zones/rename-zone';
export { setZoneMode, setZoneModeInput } from './zones/set-zone-mode';
export { deleteZone, deleteZoneInput } from './zones/delete-zone';
export type { ZoneView } from './zones/zone-view';

export { listStores, listStoresInput } from './stores/list-stores';
export { getStore, getStoreInput } from './stores/get-store';
export { registerStore, registerStoreInput } from './stores/register-store';
export { updateStore, updateStoreInput } from './stores/update-store';
export { setStoreAdminState, setStoreAdminStateInput } from './stores/set-store-admin-state';
export { removeStore, removeStoreInput } from './stores/remove-store';
export { probeStore, probeStoreInput, probeStaleStores } from './stores/probe-store';
export type { StoreView, StoreCapacity } from './stores/store-view';

export { describeProviders, type ProviderDescription, type ConfigField } from './providers/describe-providers';
export { getOverview, type Overview, type ZoneOverview } from './overview/get-overview';
export { listEvents, listEventsInput } from './events/list-events';
export { recordEvent } from './events/record-event';
export { loadDemo, seedDemo } from './demo/seed-demo';
export { defaultDatabaseUrl, loadSecretKey, prepareDataDir } from './runtime/prepare-data-dir';
export { validateStore, validateStoreInput, type StoreValidation, type ValidationCheck } from './stores/validate-store';
export { openStoreBackend } from './stores/open-store-backend';
