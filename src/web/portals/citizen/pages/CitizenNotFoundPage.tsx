import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { CITIZEN_PATHS } from '../paths.ts';

/** An address under /cong-dan that does not exist: back to the portal's home, not the staff app. */
export function CitizenNotFoundPage() {
  const { t } = useTranslation('citizen');
  const navigate = useNavigate();
  useDocumentTitle(t('portal.notFoundTitle'));
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('portal.notFoundTitle')}</h1>}
      subTitle={t('portal.notFoundDetail')}
      extra={
        <Button type="primary" onClick={() => void navigate(CITIZEN_PATHS.home)}>
          {t('portal.backHome')}
        </Button>
      }
    />
  );
}
