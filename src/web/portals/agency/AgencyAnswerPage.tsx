// The answer page of an agency without accounts, at /tra-loi/:token (no login, like the citizen
// portal): the emailed link shows the ticket (no personal data of the citizen) and takes the
// agency's answer once. A link that is unknown, used or expired says so in the server's words.
import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Layout, Result, Spin, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, errorDetail, errorMessage } from '../../api/client.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const AGENCY_ANSWER_PATH = '/tra-loi/:token';

interface AgencyLinkView {
  code: string;
  title: string;
  content: string;
  domainName: string | null;
  agencyName: string;
  status: string;
  answerDueAt: string | null;
  expiresAt: string;
}

interface AnswerForm {
  answer: string;
  responderName: string;
  responderTitle?: string;
}

const linkPath = (token: string) => `/api/v1/public/agency-answers/${encodeURIComponent(token)}`;

function Frame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <header style={{ background: token.colorPrimary, color: '#fff', padding: '10px 16px' }}>
        <Flex justify="space-between" align="center" gap={8} style={{ maxWidth: 880, margin: '0 auto' }}>
          <Flex align="center" gap={8}>
            <PhoneOutlined aria-hidden style={{ fontSize: 22 }} />
            <span style={{ fontWeight: 700, fontSize: 17 }}>{t('app.name')}</span>
          </Flex>
          <div style={{ background: '#fff', borderRadius: token.borderRadius, padding: 2 }}>
            <LanguageSwitch short />
          </div>
        </Flex>
      </header>
      <main style={{ width: '100%', maxWidth: 880, margin: '0 auto', padding: 16, boxSizing: 'border-box', flex: 1 }}>{children}</main>
    </Layout>
  );
}

export function AgencyAnswerPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const language = currentLanguage();
  const [form] = Form.useForm<AnswerForm>();
  useDocumentTitle(t('agencyAnswer.title'));
  const link = useQuery({ queryKey: ['agency-answer', token], queryFn: ({ signal }) => api.get<AgencyLinkView>(linkPath(token), signal), retry: false, staleTime: Infinity });
  const submit = useMutation({
    mutationFn: (values: AnswerForm) =>
      api.post(linkPath(token), {
        answer: values.answer.trim(),
        responderName: values.responderName.trim(),
        ...(values.responderTitle?.trim() ? { responderTitle: values.responderTitle.trim() } : {}),
      }),
  });

  if (link.isPending) {
    return (
      <Frame>
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      </Frame>
    );
  }
  if (link.isError) {
    const status = link.error instanceof ApiError ? link.error.status : 0;
    return (
      <Frame>
        <Result
          status={status === 404 ? '404' : 'warning'}
          title={<h1 style={{ fontSize: 24, margin: 0 }}>{errorMessage(link.error)}</h1>}
          subTitle={errorDetail(link.error) ?? t('agencyAnswer.unusable')}
        />
      </Frame>
    );
  }
  const view = link.data;
  if (submit.isSuccess) {
    return (
      <Frame>
        <Result status="success" title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('agencyAnswer.thanks')}</h1>} subTitle={t('agencyAnswer.thanksDetail', { code: view.code })} />
      </Frame>
    );
  }
  const required = { required: true, whitespace: true, message: t('agencyAnswer.required') };
  return (
    <Frame>
      <Flex vertical gap="middle">
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
            {t('agencyAnswer.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('agencyAnswer.intro', { agency: view.agencyName })}</Typography.Text>
        </div>
        <Card size="small" title={t('agencyAnswer.ticket', { code: view.code })}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('agencyAnswer.subject')}>{view.title}</Descriptions.Item>
            {view.domainName && <Descriptions.Item label={t('tickets.fields.domain')}>{view.domainName}</Descriptions.Item>}
            {view.answerDueAt && <Descriptions.Item label={t('agencyAnswer.due')}>{formatDateTime(view.answerDueAt, language)}</Descriptions.Item>}
            <Descriptions.Item label={t('agencyAnswer.expires')}>{formatDateTime(view.expiresAt, language)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }} data-testid="agency-answer-content">
            {view.content}
          </Typography.Paragraph>
        </Card>
        <Card size="small" title={t('agencyAnswer.formTitle')}>
          {submit.isError && <Alert type="error" showIcon title={errorMessage(submit.error)} description={errorDetail(submit.error)} style={{ marginBottom: 16 }} />}
          <Form<AnswerForm> form={form} name="agency-answer" layout="vertical" requiredMark={false} onFinish={(values) => !submit.isPending && submit.mutate(values)}>
            <Form.Item name="answer" label={t('agencyAnswer.answer')} extra={t('agencyAnswer.answerHint')} rules={[required]}>
              <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} maxLength={20_000} />
            </Form.Item>
            <Flex gap="middle" wrap>
              <Form.Item name="responderName" label={t('agencyAnswer.responderName')} rules={[required]} style={{ minWidth: 260, flex: 1 }}>
                <Input maxLength={200} autoComplete="name" />
              </Form.Item>
              <Form.Item name="responderTitle" label={t('agencyAnswer.responderTitle')} style={{ minWidth: 260, flex: 1 }}>
                <Input maxLength={200} autoComplete="organization-title" />
              </Form.Item>
            </Flex>
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              {t('agencyAnswer.submit')}
            </Button>
          </Form>
        </Card>
      </Flex>
    </Frame>
  );
}
