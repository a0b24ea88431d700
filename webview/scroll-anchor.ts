/**
 * Runs a DOM update without moving what the user is looking at: the first object ([data-id]) at
 * the top of the scroll container stays at the same offset, even when objects above it changed
 * height, appeared or went away. (Done by hand: the browser's own scroll anchoring gives up when
 * the anchor node is replaced.)
 */
export function keepScrollAnchor(container: HTMLElement, update: () => void): void {
  if (container.hidden || container.scrollTop === 0) {
    update();
    return;
  }
  const top = container.getBoundingClientRect().top;
  const anchor = findAnchor(container, top);
  const id = anchor?.dataset.id;
  const offset = anchor ? anchor.getBoundingClientRect().top - top : 0;
  const scrollTop = container.scrollTop;
  update();
  const again = id ? container.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`) : null;
  if (again) container.scrollTop += again.getBoundingClientRect().top - top - offset;
  else container.scrollTop = scrollTop;
}

function findAnchor(container: HTMLElement, top: number): HTMLElement | undefined {
  const rect = container.getBoundingClientRect();
  const hit = document.elementFromPoint(rect.left + rect.width / 2, top + 2);
  const byPoint = hit && container.contains(hit) ? hit.closest<HTMLElement>('[data-id]') : null;
  if (byPoint) return byPoint;
  return Array.from(container.querySelectorAll<HTMLElement>('[data-id]')).find(
    (el) => el.getBoundingClientRect().bottom > top,
  );
}
