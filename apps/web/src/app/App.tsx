import { Providers } from './Providers';
import { AppRoutes } from './router';

export function App() {
  return (
    <Providers>
      <AppRoutes />
    </Providers>
  );
}
