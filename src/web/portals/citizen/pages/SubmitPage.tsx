import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { normalizePhone } from '../../../../common/phone.ts';
import { ApiError, errorDetail, errorMessage } from '../../../api/client.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import {
  CITIZEN_TYPES,
  citizenKeys,
  fetchCommunes,
  fetchDomains,
  foldAccents,
  newIdempotencyKey,
  submitTicket,
  type CitizenTicketType,
  type Receipt,
  type Submission,
} from '../citizen.api.ts';
import { ReceiptView } from '../components/ReceiptView.tsx';
import { CITIZEN_PATHS } from '../paths.ts';

const MAX_FILES = 10;
const FILE_TYPES = 'image/*,application/pdf';

interface SubmitForm {
  name: string;
  phone: string;
  email?: string;
  type: CitizenTicketType;
  domainCode?: string;
  communeCode?: string;
  address?: string;
  content: string;
  publicConsent: boolean;
  consent?: boolean;
}

const optional = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** What the citizen filled in, as the API takes it (empty optional fields left out). */
function toSubmission(values: SubmitForm): Submission {
  const email = optional(values.email);
  const address = optional(values.address);
  return {
    name: values.name.trim(),
    phone: values.phone.trim(),
    ...(email ? { email } : {}),
    type: values.type,
    ...(values.domainCode ? { domainCode: values.domainCode } : {}),
    ...(values.communeCode ? { communeCode: values.communeCode } : {}),
    ...(address ? { address } : {}),
    content: values.content.trim(),
    publicConsent: values.publicConsent,
    consent: true,
    channel: 'web',
  };
}

/** The submission form: one Idempotency-Key per form, so a double click or a retry files one ticket. */
export function SubmitPage() {
  const { t } = useTranslation('citizen');
  const english = currentLanguage() === 'en';
  const [form] = Form.useForm<SubmitForm>();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [done, setDone] = useState<{ receipt: Receipt; phone: string; files: File[] } | null>(null);
  const fileInputId = useId();
  const fileHelpId = useId();
  useDocumentTitle(t('submit.title'));

  const domains = useQuery({ queryKey: citizenKeys.domains, queryFn: ({ signal }) => fetchDomains(signal), staleTime: 10 * 60_000 });
  const communes = useQuery({ queryKey: citizenKeys.communes, queryFn: ({ signal }) => fetchCommunes(signal), staleTime: 10 * 60_000 });

  const submit = useMutation({
    mutationFn: (input: { submission: Submission; files: File[] }) => submitTicket(input.submission, idempotencyKey),
    onSuccess: (receipt, input) => {
      setDone({ receipt, phone: input.submission.phone, files: input.files });
      window.scrollTo({ top: 0 });
    },
  });

  const startAgain = () => {
    form.resetFields();
    setFiles([]);
    setFilesError(null);
    setIdempotencyKey(newIdempotencyKey());
    submit.reset();
    setDone(null);
    window.scrollTo({ top: 0 });
  };

  if (done) return <ReceiptView receipt={done.receipt} phone={done.phone} files={done.files} onAnother={startAgain} />;

  const addFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    // Let the same file be chosen again after removing it.
    event.target.value = '';
    const all = [...files, ...chosen];
    setFilesError(all.length > MAX_FILES ? t('submit.filesTooMany') : null);
    setFiles(all.slice(0, MAX_FILES));
  };

  const error = submit.error;
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('submit.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('submit.intro')}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={
          <>
            {t('submit.scopeHint')} <Link to={CITIZEN_PATHS.scope}>{t('submit.scopeHintLink')}</Link>
          </>
        }
      />
      <Form<SubmitForm>
        form={form}
        layout="vertical"
        initialValues={{ type: 'feedback', publicConsent: false, consent: false }}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(values) => {
          if (submit.isPending) return;
          submit.mutate({ submission: toSubmission(values), files });
        }}
      >
        <Form.Item name="name" label={t('submit.name')} rules={[{ required: true, whitespace: true, message: t('submit.nameRequired') }, { max: 200 }]}>
          <Input autoComplete="name" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('submit.phone')}
          extra={t('submit.phoneHelp')}
          rules={[
            { required: true, whitespace: true, message: t('submit.phoneRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || normalizePhone(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('submit.phoneInvalid'))),
            },
          ]}
        >
          <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={30} />
        </Form.Item>
        <Form.Item name="email" label={t('submit.email')} rules={[{ type: 'email', message: t('submit.emailInvalid') }]}>
          <Input type="email" inputMode="email" autoComplete="email" maxLength={200} />
        </Form.Item>
        <Form.Item name="type" label={t('submit.type')} rules={[{ required: true }]}>
          <Radio.Group aria-label={t('submit.type')} options={CITIZEN_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))} />
        </Form.Item>
        <Form.Item name="domainCode" label={t('submit.domain')}>
          <Select
            allowClear
            placeholder={t('submit.domainPlaceholder')}
            loading={domains.isPending}
            showSearch={{ filterOption: (input, option) => foldAccents(String(option?.label ?? '')).includes(foldAccents(input)) }}
            options={(domains.data ?? []).map((domain) => ({ value: domain.code, label: english ? domain.nameEn : domain.name }))}
          />
        </Form.Item>
        <Form.Item name="communeCode" label={t('submit.commune')}>
          <Select
            allowClear
            placeholder={t('submit.communePlaceholder')}
            loading={communes.isPending}
            showSearch={{ filterOption: (input, option) => foldAccents(String(option?.label ?? '')).includes(foldAccents(input)) }}
            options={(communes.data ?? []).map((unit) => ({ value: unit.code, label: unit.name }))}
          />
        </Form.Item>
        <Form.Item name="address" label={t('submit.address')}>
          <Input autoComplete="street-address" maxLength={500} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('submit.content')}
          extra={t('submit.contentHelp')}
          rules={[
            { required: true, whitespace: true, message: t('submit.contentRequired') },
            { validator: (_, value: string | undefined) => (!value?.trim() || value.trim().length >= 10 ? Promise.resolve() : Promise.reject(new Error(t('submit.contentTooShort')))) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={20_000} />
        </Form.Item>
        <Form.Item name="publicConsent" label={t('submit.publicConsent')}>
          <Radio.Group
            aria-label={t('submit.publicConsent')}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={[
              { value: false, label: t('submit.publicNo') },
              { value: true, label: t('submit.publicYes') },
            ]}
          />
        </Form.Item>

        <div style={{ marginBottom: 24 }}>
          <label htmlFor={fileInputId} style={{ display: 'block', marginBottom: 8 }}>
            <PaperClipOutlined aria-hidden /> {t('submit.files')}
          </label>
          <input
            id={fileInputId}
            type="file"
            accept={FILE_TYPES}
            capture="environment"
            multiple
            aria-describedby={fileHelpId}
            onChange={addFiles}
            style={{ maxWidth: '100%' }}
          />
          <Typography.Text id={fileHelpId} type="secondary" style={{ display: 'block', marginTop: 4 }}>
            {t('submit.filesHelp')}
          </Typography.Text>
          {filesError && <Typography.Text type="danger">{filesError}</Typography.Text>}
          {files.length > 0 && (
            <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
              {files.map((file, index) => (
                <li key={`${file.name}-${index}`}>
                  <Flex align="center" gap={8}>
                    <Typography.Text ellipsis style={{ minWidth: 0, flex: 1 }}>
                      {file.name}
                    </Typography.Text>
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={t('submit.removeFile', { name: file.name })}
                      onClick={() => {
                        setFiles(files.filter((_, i) => i !== index));
                        setFilesError(null);
                      }}
                    />
                  </Flex>
                </li>
              ))}
            </ul>
          )}
        </div>

        <section aria-labelledby="consent-title" style={{ marginBottom: 8 }}>
          <Typography.Title id="consent-title" level={2} style={{ fontSize: 16 }}>
            {t('submit.consentTitle')}
          </Typography.Title>
          <Typography.Paragraph style={{ background: 'rgba(0,0,0,0.03)', padding: 12, borderRadius: 6, textAlign: 'justify' }}>
            {t('submit.consentText')}
          </Typography.Paragraph>
        </section>
        <Form.Item
          name="consent"
          valuePropName="checked"
          rules={[{ validator: (_, value: boolean | undefined) => (value ? Promise.resolve() : Promise.reject(new Error(t('submit.consentRequired')))) }]}
        >
          <Checkbox>{t('submit.consent')}</Checkbox>
        </Form.Item>

        {error && (
          <Alert
            role="alert"
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errorMessage(error)}
            description={
              error instanceof ApiError && error.errors.length > 0
                ? error.errors.map((e) => e.message).filter(Boolean).join(' ')
                : errorDetail(error)
            }
          />
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={submit.isPending}>
          {submit.isPending ? t('submit.sending') : t('submit.send')}
        </Button>
      </Form>
    </Card>
  );
}
