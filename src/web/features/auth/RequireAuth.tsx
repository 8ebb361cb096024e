import { Alert, Button, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { FullPageSpinner } from '../../components/FullPageSpinner.tsx';
import { CurrentUserContext, useSession } from './session.ts';

/** Renders its children for a signed-in user; sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();

  if (session.isPending) return <FullPageSpinner />;
  if (session.isError) {
    // The server is down or broken: say so rather than pretend the user is signed out.
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <Alert
          type="error"
          showIcon
          title={errorMessage(session.error)}
          description={errorDetail(session.error)}
          action={<Button onClick={() => void session.refetch()}>{t('app.retry')}</Button>}
        />
      </Flex>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <CurrentUserContext.Provider value={session.data}>{children}</CurrentUserContext.Provider>;
}
