// The stored personal glossary, following changes from any context.
import { useEffect, useState } from 'preact/hooks';
import type { GlossaryData } from '../../lib/glossary-import';
import { getGlossary, watchGlossary } from '../../platform/glossary-store';

export function useGlossary(): GlossaryData | null {
  const [glossary, setGlossary] = useState<GlossaryData | null>(null);
  useEffect(() => {
    let live = true;
    void getGlossary().then((g) => live && setGlossary(g));
    const unwatch = watchGlossary(setGlossary);
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return glossary;
}
