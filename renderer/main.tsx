import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { getBridge } from './bridge/index.ts';
import { useLanguageStore } from './i18n/index.ts';
import './ui/styles.css';

document.documentElement.lang = useLanguageStore.getState().language;

// The web target caches its shell so a reload during an outage still opens the app.
if (getBridge().kind === 'web' && 'serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.error('service worker', error));
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
