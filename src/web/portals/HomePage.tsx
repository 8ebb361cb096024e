import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { isRole } from '../../common/roles.ts';
import { useCurrentUser } from '../features/auth/session.ts';
import { formatLongDate } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/** The signed-in landing page: who you are and today's date in Vietnam. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  useDocumentTitle(t('nav.home.title'));
  const roles = user.roles.filter(isRole).map((role) => t(`roles.${role}`));

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 0 }}>
        {t('home.greeting', { name: user.displayName })}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {t('home.today', { date: formatLongDate(Date.now(), currentLanguage()) })}
      </Typography.Paragraph>
      {roles.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('home.roles', { roles: roles.join(', ') })}
        </Typography.Paragraph>
      ) : (
        <Alert type="info" showIcon title={t('home.noRoles')} />
      )}
    </Flex>
  );
}
