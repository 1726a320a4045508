// Svelte 5 strips TypeScript in <script lang="ts"> by itself; runes are on for every component.
export default {
  compilerOptions: { runes: true },
};
