import {
  AppstoreOutlined,
  AuditOutlined,
  BulbOutlined,
  FunnelPlotOutlined,
  UnorderedListOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  UsergroupAddOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  RollbackOutlined,
  SettingOutlined,
  CarOutlined,
  CheckSquareOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FundOutlined,
  ShoppingCartOutlined,
  WalletOutlined,
  DatabaseOutlined,
  GlobalOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuOutlined,
  SearchOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
  ApiOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Select, Space, Typography, type MenuProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, must } from '../api/client';
import { applyLanguage, meKey, useSession } from '../auth/session';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { errorMessage } from '../components/errors';
import { languages, type Language } from '../i18n';
import { CrumbProvider, useCrumbState } from './crumbs';
import { ProfileDialog } from './ProfileDialog';
import { SearchPalette } from './SearchPalette';

const { Header, Sider, Content } = Layout;

/** The section a path belongs to: its first segment. */
function section(pathname: string): string {
  return pathname.split('/')[1] ?? '';
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { me, may } = useSession();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [searchOpen, setSearchOpen] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  const [pageTitle, setPageTitle] = useCrumbState();
  // Below Ant Design's xl breakpoint (1200 px: a tablet, a small laptop) the
  // side navigation would take a third of the width, so it becomes a drawer
  // opened from the header. Until the first measurement the wide layout shows.
  const narrow = Grid.useBreakpoint().xl === false;
  // The drawer belongs to the page it was opened on: following a link closes it.
  const [drawerPath, setDrawerPath] = useState<string>();
  const drawerOpen = narrow && drawerPath === location.pathname;
  const closeDrawer = () => setDrawerPath(undefined);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSearchOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const setLanguage = useMutation({
    mutationFn: async (locale: Language) => must(await api.PATCH('/api/v1/auth/me', { body: { locale } })),
    onSuccess: (user) => {
      qc.setQueryData(meKey, { ...me, user });
      applyLanguage(user.locale);
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });

  const logout = useMutation({
    mutationFn: async () => api.POST('/api/v1/auth/logout'),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
      navigate('/login', { replace: true });
    },
  });

  const items: MenuProps['items'] = [{ key: '', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> }];
  const master = [
    may('party.party.read') && { key: 'customers', icon: <TeamOutlined />, label: <Link to="/customers">{t('nav.customers')}</Link> },
    may('product.product.read') && { key: 'products', icon: <AppstoreOutlined />, label: <Link to="/products">{t('nav.products')}</Link> },
  ].filter((x) => !!x);
  if (master.length) items.push({ type: 'group', key: 'g-master', label: t('nav.masterData'), children: master });
  const sales = [
    may('sales.quotation.read') && { key: 'quotations', icon: <FileDoneOutlined />, label: <Link to="/quotations">{t('nav.quotations')}</Link> },
    may('sales.order.read') && { key: 'orders', icon: <ShoppingCartOutlined />, label: <Link to="/orders">{t('nav.orders')}</Link> },
    may('approval.request.read') && { key: 'approvals', icon: <CheckSquareOutlined />, label: <Link to="/approvals">{t('nav.approvals')}</Link> },
    may('approval.policy.read') && { key: 'approval-policies', icon: <AuditOutlined />, label: <Link to="/approval-policies">{t('nav.policies')}</Link> },
  ].filter((x) => !!x);
  const crm = [
    may('crm.lead.read') && { key: 'leads', icon: <BulbOutlined />, label: <Link to="/leads">{t('crm.nav.leads')}</Link> },
    may('crm.opportunity.read') && { key: 'opportunities', icon: <FunnelPlotOutlined />, label: <Link to="/opportunities">{t('crm.nav.pipeline')}</Link> },
    may('crm.opportunity.read') && { key: 'opportunity-list', icon: <UnorderedListOutlined />, label: <Link to="/opportunity-list">{t('crm.nav.opportunities')}</Link> },
    may('crm.activity.read') && { key: 'activities', icon: <ScheduleOutlined />, label: <Link to="/activities">{t('crm.nav.activities')}</Link> },
  ].filter((x) => !!x);
  if (crm.length) items.push({ type: 'group', key: 'g-crm', label: t('crm.nav.group'), children: crm });
  const marketing = [
    may('marketing.segment.read') && { key: 'segments', icon: <UsergroupAddOutlined />, label: <Link to="/segments">{t('crm.nav.segments')}</Link> },
    may('marketing.campaign.read') && { key: 'campaigns', icon: <NotificationOutlined />, label: <Link to="/campaigns">{t('crm.nav.campaigns')}</Link> },
  ].filter((x) => !!x);
  if (marketing.length) items.push({ type: 'group', key: 'g-marketing', label: t('crm.nav.marketing'), children: marketing });
  if (sales.length) items.push({ type: 'group', key: 'g-sales', label: t('nav.sales'), children: sales });
  const warehouse = [may('sales.shipment.read') && { key: 'shipments', icon: <CarOutlined />, label: <Link to="/shipments">{t('nav.shipments')}</Link> }].filter((x) => !!x);
  const billing = [
    may('billing.invoice.read') && { key: 'invoices', icon: <FileTextOutlined />, label: <Link to="/invoices">{t('nav.invoices')}</Link> },
    may('billing.payment.read') && { key: 'payments', icon: <WalletOutlined />, label: <Link to="/payments">{t('nav.payments')}</Link> },
    may('billing.invoice.read') && { key: 'receivables', icon: <FundOutlined />, label: <Link to="/receivables">{t('nav.ageing')}</Link> },
  ].filter((x) => !!x);
  const inventory = [
    may('inventory.warehouse.read') && { key: 'warehouses', icon: <ShopOutlined />, label: <Link to="/warehouses">{t('nav.warehouses')}</Link> },
    may('inventory.stock.read') && { key: 'stock', icon: <DatabaseOutlined />, label: <Link to="/stock">{t('stock.title')}</Link> },
  ].filter((x) => !!x);
  if (inventory.length || warehouse.length) items.push({ type: 'group', key: 'g-inventory', label: t('nav.inventory'), children: [...warehouse, ...inventory] });
  if (billing.length) items.push({ type: 'group', key: 'g-billing', label: t('nav.billing'), children: billing });
  const service = [
    may('support.ticket.read') && { key: 'tickets', icon: <CustomerServiceOutlined />, label: <Link to="/tickets">{t('support.nav.tickets')}</Link> },
    may('support.article.read') && { key: 'kb', icon: <BookOutlined />, label: <Link to="/kb">{t('support.nav.kb')}</Link> },
    may('support.return.read') && { key: 'returns', icon: <RollbackOutlined />, label: <Link to="/returns">{t('support.nav.returns')}</Link> },
    may('support.sla.read') && { key: 'service-settings', icon: <SettingOutlined />, label: <Link to="/service-settings">{t('support.nav.settings')}</Link> },
  ].filter((x) => !!x);
  if (service.length) items.push({ type: 'group', key: 'g-service', label: t('support.nav.group'), children: service });
  const admin = [
    may('identity.user.read') && { key: 'users', icon: <UserOutlined />, label: <Link to="/users">{t('nav.users')}</Link> },
    may('integration.webhook.read') && { key: 'webhooks', icon: <ApiOutlined />, label: <Link to="/webhooks">{t('nav.webhooks')}</Link> },
    may('integration.event.read') && { key: 'event-types', icon: <NotificationOutlined />, label: <Link to="/event-types">{t('nav.events')}</Link> },
  ].filter((x) => !!x);
  if (admin.length) items.push({ type: 'group', key: 'g-admin', label: t('nav.administration'), children: admin });

  const sec = section(location.pathname);
  const sectionLabels: Record<string, string> = {
    customers: t('nav.customers'),
    products: t('nav.products'),
    warehouses: t('nav.warehouses'),
    stock: t('stock.title'),
    users: t('nav.users'),
    quotations: t('nav.quotations'),
    orders: t('nav.orders'),
    approvals: t('nav.approvals'),
    'approval-policies': t('nav.policies'),
    shipments: t('nav.shipments'),
    invoices: t('nav.invoices'),
    payments: t('nav.payments'),
    receivables: t('nav.ageing'),
    leads: t('crm.nav.leads'),
    opportunities: t('crm.nav.pipeline'),
    'opportunity-list': t('crm.nav.opportunities'),
    activities: t('crm.nav.activities'),
    segments: t('crm.nav.segments'),
    campaigns: t('crm.nav.campaigns'),
    webhooks: t('nav.webhooks'),
    'event-types': t('nav.events'),
    tickets: t('support.nav.tickets'),
    kb: t('support.nav.kb'),
    returns: t('support.nav.returns'),
    'service-settings': t('support.nav.settings'),
  };
  const crumbs: { title: React.ReactNode }[] = [{ title: <Link to="/">{t('nav.home')}</Link> }];
  if (sectionLabels[sec]) {
    const deeper = location.pathname.split('/').filter(Boolean).length > 1;
    crumbs.push({ title: deeper ? <Link to={`/${sec}`}>{sectionLabels[sec]}</Link> : sectionLabels[sec] });
    if (deeper && pageTitle) crumbs.push({ title: pageTitle });
  }

  const brand = (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px' }}>
      <img src="/favicon.svg" alt="" width={24} height={24} />
      <Typography.Text strong style={{ fontSize: 18 }}>
        {t('app.name')}
      </Typography.Text>
    </div>
  );
  const nav = (
    <nav aria-label={t('nav.main')}>
      <Menu mode="inline" selectedKeys={[sec]} items={items} onClick={closeDrawer} style={{ borderInlineEnd: 'none' }} />
    </nav>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={closeDrawer}
          size={260}
          closable={false}
          title={null}
          styles={{ body: { padding: 0 } }}
          aria-label={t('nav.main')}
        >
          {brand}
          {nav}
        </Drawer>
      ) : (
        <Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          {brand}
          {nav}
        </Sider>
      )}
      {/* minWidth 0: a wide table scrolls inside its box instead of widening the page. */}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            background: '#fff',
            padding: narrow ? '0 16px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
            height: 56,
          }}
        >
          {narrow && <Button icon={<MenuOutlined />} aria-label={t('nav.open')} aria-expanded={drawerOpen} onClick={() => setDrawerPath(location.pathname)} />}
          <Button
            icon={<SearchOutlined />}
            onClick={() => setSearchOpen(true)}
            aria-label={t('header.searchHint')}
            style={{ flex: '0 1 320px', minWidth: 0, justifyContent: 'flex-start', color: '#595959' }}
          >
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{narrow ? t('header.search') : t('header.searchHint')}</span>
          </Button>
          <span style={{ flex: 1 }} />
          <Space size="middle">
            <Select
              aria-label={t('header.language')}
              value={i18n.language as Language}
              loading={setLanguage.isPending}
              onChange={(l: Language) => setLanguage.mutate(l)}
              options={languages.map((l) => ({ value: l.code, label: l.label }))}
              style={{ width: 120 }}
            />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'tz', icon: <GlobalOutlined />, label: t('header.timeZone', { tz: me.user.time_zone }), onClick: () => setProfileOpen(true) },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: () => logout.mutate() },
                ],
              }}
            >
              <Button icon={<UserOutlined />} aria-label={t('header.userMenu', { name: me.user.name })}>
                {me.user.name}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: narrow ? '12px 16px 16px' : '16px 24px 24px' }}>
          <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} />
          <main>
            <CrumbProvider onTitle={setPageTitle}>
              {/* Keyed by path: a failed screen does not take the shell down, and navigating away clears it. */}
              <ErrorBoundary key={location.pathname}>
                <Outlet />
              </ErrorBoundary>
            </CrumbProvider>
          </main>
        </Content>
      </Layout>
      <SearchPalette open={searchOpen} onClose={() => setSearchOpen(false)} />
      <ProfileDialog open={profileOpen} onClose={() => setProfileOpen(false)} />
    </Layout>
  );
}
