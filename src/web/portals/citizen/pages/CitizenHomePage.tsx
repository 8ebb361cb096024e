import { FormOutlined, PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { CITIZEN_PATHS } from '../paths.ts';

/** What 1022 is, and the two things a citizen comes for: send, track. */
export function CitizenHomePage() {
  const { t } = useTranslation('citizen');
  const navigate = useNavigate();
  useDocumentTitle(undefined);
  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 26, marginTop: 0 }}>
          {t('home.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 16 }}>{t('home.lead')}</Typography.Paragraph>
        <Flex wrap gap={12}>
          <Button type="primary" size="large" icon={<FormOutlined aria-hidden />} onClick={() => void navigate(CITIZEN_PATHS.submit)} style={{ flex: '1 1 240px' }}>
            {t('home.submitButton')}
          </Button>
          <Button size="large" icon={<SearchOutlined aria-hidden />} onClick={() => void navigate(CITIZEN_PATHS.track)} style={{ flex: '1 1 160px' }}>
            {t('home.trackButton')}
          </Button>
        </Flex>
      </Card>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 19, marginTop: 0 }}>
          {t('home.howTitle')}
        </Typography.Title>
        <ol style={{ paddingInlineStart: 20, margin: 0 }}>
          <li>{t('home.step1')}</li>
          <li>{t('home.step2')}</li>
          <li>{t('home.step3')}</li>
        </ol>
      </Card>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 19, marginTop: 0 }}>
          {t('home.callTitle')}
        </Typography.Title>
        <Typography.Paragraph>
          {t('home.callText')}{' '}
          <a href="tel:1022">
            <PhoneOutlined aria-hidden /> 1022
          </a>
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('home.scopeText')} <Link to={CITIZEN_PATHS.scope}>{t('home.scopeLink')}</Link>
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
