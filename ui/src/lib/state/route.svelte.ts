export const ROUTES = ['chart', 'plugins'] as const;
export type Route = (typeof ROUTES)[number];

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'chart';
}

/** Hash routing: `#/chart`, `#/plugins`. */
class Router {
  current = $state<Route>(parse(location.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.current = parse(location.hash);
    });
  }
}

export const router = new Router();

export function href(route: Route): string {
  return `#/${route}`;
}
