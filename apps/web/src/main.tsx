import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@/features/pwa/touch.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/App';
import { preloadFirstScreen } from '@/app/router';
import { startSessionCheck } from '@/features/auth/auth.hooks';
import { i18nReady } from '@/i18n';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Everything the first screen waits for starts now and in parallel: the session check, the
// first page's chunks and the active language's strings (their own chunk).
startSessionCheck();
preloadFirstScreen(window.location.pathname);
await i18nReady;
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The installable app's service worker (offline shell, push, "update available") is registered
// once the page has loaded, from its own chunk: it is not needed to show the first screen. The
// offline queue's sender starts with the signed-in shell (AppLayout).
const registerLater = () =>
  void import('@/features/pwa/serviceWorker').then(({ registerServiceWorker }) => registerServiceWorker());
if (document.readyState === 'complete') registerLater();
else window.addEventListener('load', registerLater, { once: true });
