import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Served by examples/server under /vue/. Templates are compiled at build
// time, so the page runs under a CSP without 'unsafe-eval'.
export default defineConfig({ base: '/vue/', plugins: [vue()], build: { target: 'es2022' } })
