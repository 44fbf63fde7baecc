// The OpenStack client core, for the extension's UI and the CLI: plain TypeScript on undici,
// no vscode import. Layers: transport (http/) -> session (identity/) -> services/ -> operations
// (images/, compute/).
export { CloudSettings, type CloudRegion, type CloudConfig } from './cloudRegion';
export { OpenStackError, isAbortError, type FailureKind } from './errors';
export { Session, type SessionHooks, type SessionOptions } from './session';
export { catalogRegionNames } from './identity/catalog';
export { proxySettings, type ProxySettings } from './http/proxySettings';
export { collect, pages, query } from './services/paging';
export { listImages, showImage, deleteImage, type Image } from './services/image';
export { listServers, showServer, consoleLog, listFlavors, listKeypairs, importKeypair, deleteKeypair, type Server, type Flavor, type Keypair } from './services/compute';
export { listNetworks, listFloatingIps, type Network, type FloatingIp } from './services/network';
export { ImageFile, type ImageData, type Hashes } from './images/imageFile';
export { detectFormat, type DiskFormat } from './images/diskFormat';
export { uploadImage, chooseMethod, type UploadImageOptions, type UploadResult } from './images/uploadImage';
export { fanOutUpload, targetFormat, type FanOutOptions, type FanOutReport, type TargetResult } from './images/fanOutUpload';
export { convertImage, ConversionError } from './images/convertImage';
export { uploadFromUrl, type UrlUploadReport, type UrlTargetResult } from './images/urlUpload';
export { copyImage, type ImageCopyReport } from './images/imageCopy';
export { detectUrlFormat, displayUrl, imageUrlProblem } from './images/urlCheck';
export type { UploadMethod } from './images/uploadContext';
export type { UploadProgress, UploadPhase, ProgressListener } from './images/progress';
export { bootServer, type BootOptions, type BootResult } from './compute/bootServer';
export { deleteServerAndIps, type DeletedServer } from './compute/deleteServer';
export { deleteImageAndData, type DeletedImage } from './images/deleteImage';
export { ensureKeyPair, findPublicKeys, readPublicKey, parsePublicKey, keyPairNameFor, type PublicKey, type EnsuredKeyPair } from './compute/keyPairs';
export { guessLoginUser, type LoginUserGuess } from './compute/loginUser';
export { sshInvocation, SSH_CONNECT_TIMEOUT_SECONDS, type SshLogin } from './compute/sshCommand';
export { sshSettingsFor, perCloudValue, isLoginName, type SshSettings } from './compute/sshSettings';
export { selectTargets, targetLabel } from './targets';
export { findFlavor, findImage, findNetwork, findServer, type FlavorWish } from './compute/lookups';
export { listServerSummaries, serverSummaryPages, summarize, type ServerSummary, type ServerWithSummary } from './compute/servers';
export { externalIpv4, externalIpv6, isPrivateIpv4 } from './compute/addresses';
export { addAutoIp, needsFloatingIp, FIP_MARKER } from './compute/floatingIps';
export { powerAction, rebuildServer, waitForPowerAction, waitForRebuild, ActionReverted, settledStatus, actionVerb, allowedIn, POWER_ACTIONS, type PowerAction, type ServerRef } from './compute/powerActions';
export { fetchServerDetails, serverDetails, serverDetailsYaml, type ServerDetailsInput } from './compute/serverDetails';
export { imageDetails, imageDetailsYaml } from './images/imageDetails';
export { fleetOf } from './compute/bootFleet';
