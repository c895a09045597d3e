import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@/features/pwa/touch.css';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/App';
import { preloadFirstScreen } from '@/app/router';
import { startSessionCheck } from '@/features/auth/auth.hooks';
import { i18nReady } from '@/i18n';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Everything the first screen waits for starts now and in parallel: the session check, the
// first page's chunks and the active language's strings (their own chunk). The first render
// waits for all three (at most FIRST_RENDER_WAIT_MS), so the signed-in screen renders once,
// not once per answer: each render of the whole tree is a long task on a slow phone.
const FIRST_RENDER_WAIT_MS = 3000;
const firstScreen = Promise.all([startSessionCheck(), preloadFirstScreen(window.location.pathname)]);
await i18nReady;
await Promise.race([firstScreen, new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]);
// As a transition, the first render yields to the browser every few milliseconds instead of
// holding the main thread for one long task (a slow phone stays responsive while it renders).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});

// The installable app's service worker (offline shell, push, "update available") is registered
// once the page has loaded, from its own chunk: it is not needed to show the first screen. The
// offline queue's sender starts with the signed-in shell (AppLayout).
const registerLater = () =>
  void import('@/features/pwa/serviceWorker').then(({ registerServiceWorker }) => registerServiceWorker());
if (document.readyState === 'complete') registerLater();
else window.addEventListener('load', registerLater, { once: true });
