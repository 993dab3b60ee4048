import type { GalleryUi, Screen } from '../app.ts';
import { view } from '../build.ts';

/** The gallery's own trash ("Trash bin" / "Recently deleted"): pick items, then restore them. */
export function trashScreen(ui: GalleryUi): Screen {
  const { ids, texts, activities } = ui.skin;
  const picked = new Set<number>();
  return {
    activity: activities.trash,
    render: () => {
      const rows = ui.phone.mediaStore.list().filter((r) => r.trashed);
      for (const id of picked) if (!rows.some((r) => r.id === id)) picked.delete(id);
      return view.layout([
        view.layout([view.image(ids.back, 'Back', () => ui.back()), view.text(undefined, texts.trash)]),
        view.list(
          ids.trashList,
          rows.map((r) => view.image(undefined, r.displayName, () => void (picked.has(r.id) ? picked.delete(r.id) : picked.add(r.id)), { selected: picked.has(r.id) })),
          { grid: true },
        ),
        view.button(ids.restore, texts.restore, () => {
          for (const id of picked) ui.phone.restore(id);
          picked.clear();
        }, { enabled: picked.size > 0 }),
      ]);
    },
  };
}
