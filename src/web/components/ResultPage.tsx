import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDocumentTitle } from './use-document-title.ts';

export interface ResultPageProps {
  kind: 'forbidden' | 'not-found';
}

/** A page the user cannot use: no permission (403) or no such address (404). */
export function ResultPage({ kind }: ResultPageProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = kind === 'forbidden' ? t('page.forbiddenTitle') : t('page.notFoundTitle');
  useDocumentTitle(title);
  return (
    <Result
      status={kind === 'forbidden' ? '403' : '404'}
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{title}</h1>}
      subTitle={kind === 'forbidden' ? t('page.forbiddenDetail') : t('page.notFoundDetail')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('page.backHome')}
        </Button>
      }
    />
  );
}
