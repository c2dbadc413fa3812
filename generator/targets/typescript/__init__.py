"""The TypeScript target: plain `.ts` modules (one per section, a runtime, an index) for Node services and
Next.js/Vite apps, with the same value semantics as model/values and no runtime dependency."""
