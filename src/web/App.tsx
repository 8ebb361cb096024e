import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/client.ts';
import { AppShell } from './components/AppShell.tsx';
import { EmptyStatePage } from './components/EmptyStatePage.tsx';
import { ResultPage } from './components/ResultPage.tsx';
import { ChangePasswordPage, CHANGE_PASSWORD_PATH } from './features/auth/ChangePasswordPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { MFA_PATH, MfaPage } from './features/auth/MfaPage.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { RoleGate } from './features/auth/RoleGate.tsx';
import { isSessionEnded, SESSION_QUERY_KEY } from './features/auth/session.ts';
import { antdLocale } from './i18n/antd-locales.ts';
import { currentLanguage } from './i18n/index.ts';
import { HomePage } from './portals/HomePage.tsx';
import { AgencyAnswerPage, AGENCY_ANSWER_PATH } from './portals/agency/AgencyAnswerPage.tsx';
import { CitizenPortal } from './portals/citizen/CitizenPortal.tsx';
import { NAV_ITEMS, type NavItem } from './portals/navigation.ts';

/** A session that ends on the server (expired, revoked) signs this browser out too. */
function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => signOutWhenSessionEnded(error) }),
    mutationCache: new MutationCache({ onError: (error) => signOutWhenSessionEnded(error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500 && error.status > 0) && failures < 2,
      },
    },
  });
  function signOutWhenSessionEnded(error: unknown): void {
    if (isSessionEnded(error)) client.setQueryData(SESSION_QUERY_KEY, null);
    // A step the server insists on (new password, two-factor set-up): reload the session so the shell redirects.
    else if (error instanceof ApiError && (error.code === 'auth.password_change_required' || error.code === 'auth.mfa_enrolment_required')) {
      void client.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    }
  }
  return client;
}

function NavPage({ item }: { item: NavItem }) {
  const { t } = useTranslation();
  const Page = item.page;
  return (
    <RoleGate roles={item.roles}>
      {Page ? (
        <Page />
      ) : (
        <EmptyStatePage
          title={t(`nav.${item.key}.title`)}
          description={t(`nav.${item.key}.description`)}
          emptyText={t('page.empty')}
        />
      )}
    </RoleGate>
  );
}

/** The web app: providers, theme and locale, and the routes. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  // useTranslation re-renders the tree (and antd's locale) when the language changes.
  useTranslation();
  const language = currentLanguage();

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={antdLocale(language)} theme={{ token: { colorPrimary: '#0b5cab' } }}>
        <AntApp>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* The public citizen portal: no login, no session. */}
              <Route path="/cong-dan/*" element={<CitizenPortal />} />
              {/* An agency without accounts answers through the emailed link: no login either. */}
              <Route path={AGENCY_ANSWER_PATH} element={<AgencyAnswerPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AppShell />
                  </RequireAuth>
                }
              >
                <Route index element={<HomePage />} />
                <Route path={CHANGE_PASSWORD_PATH} element={<ChangePasswordPage />} />
                <Route path={MFA_PATH} element={<MfaPage />} />
                {NAV_ITEMS.map((item) => (
                  <Route key={item.key} path={item.path} element={<NavPage item={item} />} />
                ))}
                <Route path="*" element={<ResultPage kind="not-found" />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
