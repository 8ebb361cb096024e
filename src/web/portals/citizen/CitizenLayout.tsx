import { PhoneOutlined } from '@ant-design/icons';
import { Flex, Layout, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { CITIZEN_PATHS } from './paths.ts';

/** The public portal's frame: brand, language switch, the four pages, and a footer. Mobile first. */
export function CitizenLayout() {
  const { t } = useTranslation('citizen');
  const { token } = theme.useToken();
  const links = [
    { to: CITIZEN_PATHS.home, label: t('portal.home'), end: true },
    { to: CITIZEN_PATHS.submit, label: t('portal.submit'), end: false },
    { to: CITIZEN_PATHS.track, label: t('portal.track'), end: false },
    { to: CITIZEN_PATHS.scope, label: t('portal.scope'), end: false },
  ];
  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <header style={{ background: token.colorPrimary, color: '#fff', padding: '8px 16px' }}>
        <Flex justify="space-between" align="center" gap={8} style={{ maxWidth: 880, margin: '0 auto' }}>
          <Link to={CITIZEN_PATHS.home} style={{ color: '#fff', minWidth: 0 }}>
            <Flex align="center" gap={8}>
              <PhoneOutlined aria-hidden style={{ fontSize: 22 }} />
              <Flex vertical style={{ minWidth: 0 }}>
                <span style={{ fontWeight: 700, fontSize: 17, lineHeight: 1.2 }}>{t('portal.name')}</span>
                <span style={{ fontSize: 12, opacity: 0.9, lineHeight: 1.2 }}>{t('portal.tagline')}</span>
              </Flex>
            </Flex>
          </Link>
          <div style={{ background: '#fff', borderRadius: token.borderRadius, padding: 2, flexShrink: 0 }}>
            <LanguageSwitch short />
          </div>
        </Flex>
        <nav aria-label={t('portal.navLabel')} style={{ maxWidth: 880, margin: '8px auto 0' }}>
          <Flex wrap gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink
                  to={link.to}
                  end={link.end}
                  style={({ isActive }) => ({
                    display: 'inline-block',
                    padding: '6px 10px',
                    borderRadius: token.borderRadius,
                    color: '#fff',
                    fontWeight: isActive ? 700 : 400,
                    background: isActive ? 'rgba(255,255,255,0.2)' : 'transparent',
                    textDecoration: isActive ? 'underline' : 'none',
                  })}
                >
                  {link.label}
                </NavLink>
              </li>
            ))}
          </Flex>
        </nav>
      </header>
      <main style={{ width: '100%', maxWidth: 880, margin: '0 auto', padding: 16, boxSizing: 'border-box', flex: 1 }}>
        <Outlet />
      </main>
      <footer style={{ padding: 16, textAlign: 'center' }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('portal.footer')}
        </Typography.Text>
      </footer>
    </Layout>
  );
}
