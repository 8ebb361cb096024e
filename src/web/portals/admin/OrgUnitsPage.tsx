// The organization tree: province → departments, communes and wards, public companies, with
// effective dates (ended units on request), head, focal points, email-only units and successors.
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Flex, Input, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { foldText } from '../../features/tickets/labels.tsx';
import { formatLocalDate } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { FocalPointsDialog, OrgUnitDialog, SuccessorsDialog } from './OrgUnitDialogs.tsx';
import { listOrgUnitViews, organizationKeys, type OrgUnitKind, type OrgUnitView } from './organization.api.ts';
import { AdminPageHeader } from './shared.tsx';

type Row = OrgUnitView & { children?: Row[] };
type Dialog = { kind: 'edit' | 'create'; unit: OrgUnitView | null } | { kind: 'focal' | 'successors'; unit: OrgUnitView };

/** Units under their parents; a unit whose parent is not listed is a root. Children sorted by name. */
function buildTree(units: OrgUnitView[]): Row[] {
  const rows = new Map<string, Row>(units.map((unit) => [unit.code, { ...unit }]));
  const roots: Row[] = [];
  for (const row of rows.values()) {
    const parent = row.parentCode ? rows.get(row.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  const sort = (list: Row[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    for (const row of list) if (row.children) sort(row.children);
  };
  sort(roots);
  return roots;
}

export function OrgUnitsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('nav.orgUnits.title'));
  const [includeEnded, setIncludeEnded] = useState(false);
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const units = useQuery({ queryKey: organizationKeys.orgUnits(includeEnded), queryFn: ({ signal }) => listOrgUnitViews(includeEnded, signal) });
  const all = useMemo(() => units.data ?? [], [units.data]);
  const nameOf = useMemo(() => new Map(all.map((unit) => [unit.code, unit.name])), [all]);
  // A search shows the matching units as a flat list; otherwise the tree.
  const rows = useMemo(() => {
    const needle = foldText(q.trim());
    if (!needle) return buildTree(all);
    return all.filter((unit) => [unit.name, unit.shortName ?? '', unit.code, ...unit.aliases].some((text) => foldText(text).includes(needle)));
  }, [all, q]);
  const period = (unit: OrgUnitView) =>
    unit.validFrom || unit.validTo
      ? t('admin.orgUnits.periodValue', {
          from: unit.validFrom ? formatLocalDate(unit.validFrom, language) : '…',
          to: unit.validTo ? formatLocalDate(unit.validTo, language) : t('admin.orgUnits.openEnded'),
        })
      : t('admin.orgUnits.always');

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.orgUnits.title')}
        description={t('nav.orgUnits.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create', unit: null })}>
            {t('admin.orgUnits.createTitle')}
          </Button>
        }
      />
      <Flex wrap gap="middle" align="center">
        <Input.Search allowClear style={{ width: 320 }} placeholder={t('admin.orgUnits.searchPlaceholder')} aria-label={t('admin.orgUnits.search')} onSearch={setQ} />
        <Flex align="center" gap="small">
          <Switch id="include-ended" checked={includeEnded} onChange={setIncludeEnded} />
          <label htmlFor="include-ended">{t('admin.orgUnits.includeEnded')}</label>
        </Flex>
      </Flex>
      {units.isError && <Alert type="error" showIcon title={errorMessage(units.error)} />}
      <Table<Row>
        data-testid="org-units-table"
        rowKey="code"
        size="small"
        loading={units.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1300 }}
        expandable={{ defaultExpandedRowKeys: rows.slice(0, 1).map((row) => row.code) }}
        locale={{ emptyText: t('admin.common.empty') }}
        columns={[
          {
            title: t('admin.orgUnits.name'),
            dataIndex: 'name',
            width: 360,
            render: (name: string, unit) => (
              <Flex vertical>
                <Typography.Text strong={!unit.parentCode} delete={unit.ended}>
                  {name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {unit.code}
                  {unit.shortName ? ` · ${unit.shortName}` : ''}
                </Typography.Text>
              </Flex>
            ),
          },
          { title: t('admin.orgUnits.kind'), dataIndex: 'kind', width: 150, render: (kind: string) => t(`admin.orgUnits.kinds.${kind as OrgUnitKind}`, { defaultValue: kind }) },
          {
            title: t('admin.orgUnits.period'),
            key: 'period',
            width: 210,
            render: (_: unknown, unit) => (
              <Flex vertical gap={2} align="start">
                <span>{period(unit)}</span>
                {unit.ended && <Tag color="default">{t('admin.orgUnits.ended')}</Tag>}
                {unit.successorCodes.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('admin.orgUnits.succeededBy', { names: unit.successorCodes.map((code) => nameOf.get(code) ?? code).join(', ') })}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            title: t('admin.orgUnits.head'),
            key: 'head',
            width: 200,
            render: (_: unknown, unit) =>
              unit.headName ? (
                <Flex vertical>
                  <span>{unit.headName}</span>
                  {unit.headTitle && <Typography.Text type="secondary">{unit.headTitle}</Typography.Text>}
                </Flex>
              ) : (
                '—'
              ),
          },
          {
            title: t('admin.orgUnits.focalPoints'),
            key: 'focal',
            width: 200,
            render: (_: unknown, unit) =>
              unit.emailOnly ? (
                <Tag color="purple">{t('admin.orgUnits.emailOnlyTag')}</Tag>
              ) : unit.focalPoints.length > 0 ? (
                <Flex wrap gap={4}>
                  {unit.focalPoints.map((point) => (
                    <Tag key={point.userId}>{point.displayName}</Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('admin.orgUnits.focalDefault')}</Typography.Text>
              ),
          },
          { title: t('admin.orgUnits.email'), dataIndex: 'email', width: 200, ellipsis: true, render: (email: string | null) => email ?? '—' },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right',
            render: (_: unknown, unit) => (
              <Flex gap={4}>
                <Button size="small" onClick={() => setDialog({ kind: 'edit', unit })}>
                  {t('admin.common.edit')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'focal', label: t('admin.orgUnits.focalAction') },
                      { key: 'successors', label: t('admin.orgUnits.successorsAction') },
                    ],
                    onClick: ({ key }) => setDialog({ kind: key as 'focal' | 'successors', unit }),
                  }}
                >
                  <Button size="small" icon={<MoreOutlined />} aria-label={t('admin.orgUnits.more', { name: unit.name })} />
                </Dropdown>
              </Flex>
            ),
          },
        ]}
      />
      {dialog && (dialog.kind === 'edit' || dialog.kind === 'create') && <OrgUnitDialog unit={dialog.unit} units={all} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'focal' && <FocalPointsDialog unit={dialog.unit} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'successors' && <SuccessorsDialog unit={dialog.unit} units={all} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
