/** The web app's HTTP layer: typed calls of the contracts' endpoint table. */
export { ApiError, ContractMismatchError, isApiError, type ApiErrorCode } from './errors';
export { getAccessToken, onSessionChange, refreshSession, setRequestLanguage } from './session';
export { buildUrl, type HttpMethod, type QueryValue } from './transport';
export { api, pathFor, type ApiInput, type ApiOutput } from './client';
export { endpoints, type ApiEndpoint, type ApiEndpoints, type ContractOf } from './endpoints';
export { acceptSession, logout, signIn, type SignInOutcome } from './auth';
export {
  downloadWithProgress,
  filenameFromDisposition,
  saveBlob,
  uploadWithProgress,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadedFile,
  type UploadOptions,
  type UploadProgress,
} from './files';
