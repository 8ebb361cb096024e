import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../../api/client.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import { citizenKeys, fetchDomains, fetchOutOfScope } from '../citizen.api.ts';

/** What 1022 handles (the domains) and what it does not (out of scope, with where to go instead). */
export function ScopePage() {
  const { t } = useTranslation('citizen');
  const english = currentLanguage() === 'en';
  useDocumentTitle(t('scope.title'));
  const domains = useQuery({ queryKey: citizenKeys.domains, queryFn: ({ signal }) => fetchDomains(signal), staleTime: 10 * 60_000 });
  const outOfScope = useQuery({ queryKey: citizenKeys.outOfScope, queryFn: ({ signal }) => fetchOutOfScope(signal), staleTime: 10 * 60_000 });

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('scope.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('scope.intro')}</Typography.Paragraph>
      </Card>

      <Card>
        <Typography.Title level={2} style={{ fontSize: 19, marginTop: 0 }}>
          {t('scope.inTitle')}
        </Typography.Title>
        {domains.isPending ? (
          <Skeleton active aria-label={t('common.loading')} />
        ) : domains.isError ? (
          <Alert type="error" showIcon title={errorMessage(domains.error)} description={errorDetail(domains.error)} />
        ) : domains.data.length === 0 ? (
          <Typography.Text type="secondary">{t('scope.empty')}</Typography.Text>
        ) : (
          <Flex wrap gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {domains.data.map((domain) => (
              <li key={domain.code}>
                <Tag color="blue" style={{ fontSize: 14, padding: '2px 8px', margin: 0, whiteSpace: 'normal' }}>
                  {english ? domain.nameEn : domain.name}
                </Tag>
              </li>
            ))}
          </Flex>
        )}
      </Card>

      <Card>
        <Typography.Title level={2} style={{ fontSize: 19, marginTop: 0 }}>
          {t('scope.outTitle')}
        </Typography.Title>
        <Typography.Paragraph>{t('scope.outIntro')}</Typography.Paragraph>
        {outOfScope.isPending ? (
          <Skeleton active aria-label={t('common.loading')} />
        ) : outOfScope.isError ? (
          <Alert type="error" showIcon title={errorMessage(outOfScope.error)} description={errorDetail(outOfScope.error)} />
        ) : outOfScope.data.length === 0 ? (
            <Typography.Text type="secondary">{t('scope.empty')}</Typography.Text>
          ) : (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {outOfScope.data.map((item, index) => (
                <li key={item.code} style={{ padding: '12px 0', borderTop: index > 0 ? '1px solid rgba(5,5,5,0.06)' : undefined }}>
                  <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
                    {english ? item.nameEn : item.name}
                  </Typography.Title>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{t('scope.guidance')}: </Typography.Text>
                    {english ? item.guidanceEn : item.guidance}
                  </Typography.Paragraph>
                  {item.legalBasis && (
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {t('scope.legalBasis')}: {item.legalBasis}
                    </Typography.Text>
                  )}
                </li>
              ))}
            </ul>
        )}
      </Card>
    </Flex>
  );
}
