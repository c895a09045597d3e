import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@/features/pwa/touch.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/App';
import { startOfflineQueue } from '@/features/offline/offlineQueue';
import { registerServiceWorker } from '@/features/pwa/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The installable app: the service worker (offline shell, push) and the offline queue's sender.
registerServiceWorker();
startOfflineQueue();
