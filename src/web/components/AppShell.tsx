import { DownOutlined, KeyOutlined, LaptopOutlined, LogoutOutlined, MenuOutlined, PhoneOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Dropdown, Flex, Grid, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { logout } from '../features/auth/auth.api.ts';
import { CHANGE_PASSWORD_PATH } from '../features/auth/ChangePasswordPage.tsx';
import { MFA_PATH } from '../features/auth/MfaPage.tsx';
import { mfaEnrolmentPending } from '../features/auth/mfa.api.ts';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { SESSIONS_PATH } from '../features/profile/SessionsPage.tsx';
import { isRole } from '../../common/roles.ts';
import { SESSION_QUERY_KEY, useCurrentUser } from '../features/auth/session.ts';
import { HOME_ICON, NAV_SECTIONS, navItemsFor } from '../portals/navigation.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The menu entry for a path: exact match, else the longest entry the path lies under. */
function selectedKey(pathname: string, paths: string[]): string {
  const matches = paths.filter((path) => pathname === path || pathname.startsWith(`${path}/`));
  return matches.sort((a, b) => b.length - a.length)[0] ?? pathname;
}

/** The signed-in frame: header (product, user, language, logout), role-based side menu, page. */
export function AppShell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  // Phones: no name in the header, short language labels, an icon-only logout button.
  const compact = screens.md === false;
  // Below lg the side menu hides and a header button opens it.
  const narrow = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);

  const signOut = useMutation({
    mutationFn: logout,
    // Even if the server call fails (session already expired), this browser is signed out.
    onSettled: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      void navigate('/login', { replace: true });
    },
  });

  const items = useMemo(() => navItemsFor(user.roles), [user.roles]);
  const menuItems: MenuProps['items'] = [
    { key: '/', icon: <HOME_ICON />, label: <Link to="/">{t('nav.home.title')}</Link> },
    ...NAV_SECTIONS.flatMap((section) => {
      const children = items.filter((item) => item.section === section);
      if (children.length === 0) return [];
      return [
        {
          type: 'group' as const,
          key: `section-${section}`,
          label: t(`sections.${section}`),
          children: children.map((item) => ({
            key: item.path,
            icon: <item.icon />,
            label: <Link to={item.path}>{t(`nav.${item.key}.title`)}</Link>,
          })),
        },
      ];
    }),
  ];
  const roleNames = user.roles.filter(isRole).map((role) => t(`roles.${role}`));
  const userMenu: MenuProps = {
    items: [
      { key: CHANGE_PASSWORD_PATH, icon: <KeyOutlined />, label: t('shell.changePassword') },
      { key: MFA_PATH, icon: <SafetyOutlined />, label: t('shell.mfa') },
      { key: SESSIONS_PATH, icon: <LaptopOutlined />, label: t('shell.sessions') },
    ],
    selectedKeys: [CHANGE_PASSWORD_PATH, MFA_PATH, SESSIONS_PATH].includes(location.pathname) ? [location.pathname] : [],
    onClick: ({ key }) => void navigate(key),
  };
  const mfaPending = mfaEnrolmentPending(user);

  // A temporary or expired password: no other page until it is changed.
  if (user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  // Then, where the role requires it, no other page until two-factor is set up.
  if (mfaPending && location.pathname !== MFA_PATH) {
    return <Navigate to={MFA_PATH} replace state={{ from: location.pathname + location.search }} />;
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingInline: compact ? 12 : 24,
          display: 'flex',
          alignItems: 'center',
          gap: compact ? 8 : 16,
        }}
      >
        {narrow && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('shell.menu')}
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}
          />
        )}
        <Link to="/" style={{ color: token.colorPrimary, fontWeight: 700, fontSize: 18, whiteSpace: 'nowrap' }}>
          <PhoneOutlined style={{ marginInlineEnd: 8 }} />
          {t('app.name')}
        </Link>
        <Flex align="center" gap="middle" style={{ marginInlineStart: 'auto', minWidth: 0 }}>
          {/* Not while a new password or two-factor set-up is pending: the API refuses everything else then. */}
          <NotificationBell enabled={!user.mustChangePassword && !mfaPending} />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button
              type="text"
              aria-label={compact ? t('shell.user') : undefined}
              title={user.displayName}
              style={{ height: 'auto', minWidth: 0, paddingBlock: 4, lineHeight: 1.3, textAlign: 'start' }}
            >
              <Flex align="center" gap="small" style={{ minWidth: 0 }}>
                <UserOutlined aria-hidden />
                {!compact && (
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Typography.Text strong ellipsis data-testid="current-user">
                      {user.displayName}
                    </Typography.Text>
                    {roleNames.length > 0 && (
                      <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                        {roleNames.join(', ')}
                      </Typography.Text>
                    )}
                  </Flex>
                )}
                <DownOutlined aria-hidden style={{ fontSize: 10 }} />
              </Flex>
            </Button>
          </Dropdown>
          <LanguageSwitch short={compact} />
          <Button
            icon={<LogoutOutlined />}
            loading={signOut.isPending}
            aria-label={compact ? t('shell.logout') : undefined}
            title={compact ? t('shell.logout') : undefined}
            onClick={() => signOut.mutate()}
          >
            {compact ? null : t('shell.logout')}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout style={{ position: 'relative' }}>
        <Layout.Sider
          width={248}
          collapsible
          collapsed={narrow && !menuOpen}
          collapsedWidth={0}
          trigger={null}
          theme="light"
          style={{
            borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
            // On narrow screens the open menu lies over the page instead of squeezing it.
            ...(narrow ? { position: 'absolute', insetBlock: 0, insetInlineStart: 0, zIndex: 10 } : {}),
          }}
        >
          <nav aria-label={t('shell.menu')}>
            <Menu
              mode="inline"
              items={menuItems}
              selectedKeys={[selectedKey(location.pathname, ['/', ...items.map((item) => item.path)])]}
              style={{ borderInlineEnd: 'none' }}
              onClick={() => setMenuOpen(false)}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: compact ? 12 : 24, minWidth: 0 }}>
          <Flex vertical gap="large">
            {user.mustChangePassword && (
              <Alert
                type="warning"
                showIcon
                title={t('shell.mustChangePasswordTitle')}
                description={t('shell.mustChangePasswordDetail')}
              />
            )}
            {mfaPending && (
              <Alert type="warning" showIcon title={t('shell.mfaRequiredTitle')} description={t('shell.mfaRequiredDetail')} />
            )}
            <main style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG, padding: compact ? 16 : 24 }}>
              <Outlet />
            </main>
          </Flex>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
