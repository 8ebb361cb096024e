// Domains (lĩnh vực): names in both languages, display order, the agency that usually handles
// each, keywords that hint classification, and whether it is still offered.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useAgencyOptions } from '../../features/tickets/ActionFields.tsx';
import { ACCENT_FREE_SEARCH } from '../../features/tickets/labels.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { createDomain, listDomainViews, organizationKeys, updateDomain, type DomainView } from './organization.api.ts';
import { AdminPageHeader, placeFieldErrors } from './shared.tsx';

interface DomainForm {
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
  defaultAgencyCode?: string | null;
  keywords: string[];
  active: boolean;
}

const DOMAIN_FIELDS = ['code', 'name', 'nameEn', 'sortOrder', 'defaultAgencyCode', 'keywords', 'active'] as const;

function DomainDialog({ domain, onClose }: { domain: DomainView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DomainForm>();
  const agencies = useAgencyOptions();
  const save = useMutation({
    mutationFn: (values: DomainForm) => {
      const fields = {
        name: values.name.trim(),
        nameEn: values.nameEn.trim(),
        sortOrder: values.sortOrder ?? 0,
        defaultAgencyCode: values.defaultAgencyCode ?? null,
        keywords: (values.keywords ?? []).map((word) => word.trim()).filter(Boolean),
        active: values.active,
      };
      return domain ? updateDomain(domain.code, fields) : createDomain({ code: values.code.trim(), ...fields });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.domains });
      // The operators' lists of domains come from the public reference.
      void queryClient.invalidateQueries({ queryKey: ['reference', 'domains'] });
      void message.success(t('admin.domains.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, DOMAIN_FIELDS),
  });
  const initial: Partial<DomainForm> = domain ? { ...domain } : { sortOrder: 0, keywords: [], active: true };
  return (
    <Modal
      open
      title={domain ? t('admin.domains.editTitle', { name: domain.name }) : t('admin.domains.createTitle')}
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap="middle">
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} description={errorDetail(save.error)} />}
        <Form<DomainForm> form={form} name="domain" layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => !save.isPending && save.mutate(values)}>
          {!domain && (
            <Form.Item name="code" label={t('admin.domains.code')} rules={[{ required: true, pattern: /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, message: t('admin.orgUnits.codeHint') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('admin.domains.name')} rules={[{ required: true, whitespace: true, message: t('admin.domains.nameRequired') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.domains.nameEn')} rules={[{ required: true, whitespace: true, message: t('admin.domains.nameRequired') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="defaultAgencyCode" label={t('admin.domains.defaultAgency')}>
            <Select allowClear showSearch={ACCENT_FREE_SEARCH} loading={agencies.loading} options={agencies.options} />
          </Form.Item>
          <Form.Item name="keywords" label={t('admin.domains.keywords')} extra={t('admin.orgUnits.aliasesHint')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Flex gap="large" wrap>
            <Form.Item name="sortOrder" label={t('admin.domains.sortOrder')}>
              <InputNumber min={-100000} max={100000} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="active" label={t('admin.domains.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Flex>
        </Form>
      </Flex>
    </Modal>
  );
}

export function DomainsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('nav.domains.title'));
  const [dialog, setDialog] = useState<{ domain: DomainView | null } | null>(null);
  const domains = useQuery({ queryKey: organizationKeys.domains, queryFn: ({ signal }) => listDomainViews(signal) });
  const agencies = useAgencyOptions();
  const agencyName = useMemo(() => new Map(agencies.options.map((o) => [o.value, o.label])), [agencies.options]);
  const rows = useMemo(() => [...(domains.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'vi')), [domains.data]);

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.domains.title')}
        description={t('nav.domains.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ domain: null })}>
            {t('admin.domains.createTitle')}
          </Button>
        }
      />
      {domains.isError && <Alert type="error" showIcon title={errorMessage(domains.error)} />}
      <Table<DomainView>
        data-testid="domains-table"
        rowKey="code"
        size="middle"
        loading={domains.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          { title: t('admin.domains.sortOrder'), dataIndex: 'sortOrder', width: 90, align: 'right' },
          { title: t('admin.domains.name'), key: 'name', width: 260, render: (_: unknown, d) => (language === 'en' ? d.nameEn : d.name) },
          { title: t('admin.domains.code'), dataIndex: 'code', width: 180 },
          { title: t('admin.domains.defaultAgency'), dataIndex: 'defaultAgencyCode', width: 240, render: (code: string | null) => (code ? (agencyName.get(code) ?? code) : '—') },
          {
            title: t('admin.domains.keywords'),
            dataIndex: 'keywords',
            render: (words: string[]) => (
              <Flex wrap gap={4}>
                {words.slice(0, 8).map((word) => (
                  <Tag key={word}>{word}</Tag>
                ))}
                {words.length > 8 && <Tag>+{words.length - 8}</Tag>}
              </Flex>
            ),
          },
          {
            title: t('admin.domains.active'),
            dataIndex: 'active',
            width: 130,
            render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('admin.domains.activeYes') : t('admin.domains.activeNo')}</Tag>,
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 100,
            fixed: 'right',
            render: (_: unknown, domain) => (
              <Button size="small" aria-label={t('admin.domains.editNamed', { name: domain.name })} onClick={() => setDialog({ domain })}>
                {t('admin.common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {dialog && <DomainDialog domain={dialog.domain} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
