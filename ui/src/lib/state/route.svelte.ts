export const ROUTES = ['chart', 'plugins', 'risk', 'signin'] as const;
export type Route = (typeof ROUTES)[number];

interface Location_ {
  route: Route;
  params: Record<string, string>;
}

function parse(hash: string): Location_ {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = text.split('?');
  const name = path.split('/')[0] ?? '';
  const route = (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'chart';
  return { route, params: Object.fromEntries(new URLSearchParams(search)) };
}

/** Hash routing: `#/chart`, `#/plugins`, `#/risk`, `#/signin?next=risk`. */
class Router {
  current = $state<Route>(parse(location.hash).route);
  params = $state<Record<string, string>>(parse(location.hash).params);

  constructor() {
    addEventListener('hashchange', () => {
      const next = parse(location.hash);
      this.current = next.route;
      this.params = next.params;
    });
  }
}

export const router = new Router();

export function href(route: Route, params?: Record<string, string>): string {
  const search = params ? new URLSearchParams(params).toString() : '';
  return `#/${route}${search ? `?${search}` : ''}`;
}

export function go(route: Route, params?: Record<string, string>): void {
  location.hash = href(route, params);
}

/** The sign-in page's link, remembering the page to come back to. */
export function signInHref(from: Route = router.current): string {
  return from === 'signin' ? href('signin') : href('signin', { next: from });
}

/** Where to go after signing in: the page named by `next`, else the chart. */
export function returnRoute(params: Record<string, string>): Route {
  const next = params.next;
  return next && next !== 'signin' && (ROUTES as readonly string[]).includes(next)
    ? (next as Route)
    : 'chart';
}
