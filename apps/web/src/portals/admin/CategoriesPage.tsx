import { CategoriesPanel } from '@/features/categories/CategoriesPanel';

export function CategoriesPage() {
  return <CategoriesPanel />;
}
