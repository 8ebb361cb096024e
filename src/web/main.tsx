// Entry of the web app: translations and date locales first, then React.
import 'antd/dist/reset.css';
import dayjs from 'dayjs';
import 'dayjs/locale/vi.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { currentLanguage, i18n } from './i18n/index.ts';

function applyLanguage(): void {
  const language = currentLanguage();
  document.documentElement.lang = language;
  dayjs.locale(language);
}

applyLanguage();
i18n.on('languageChanged', applyLanguage);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
