// One kernel for the page, handed to the components that make stores of it.
// 'mizan-kernel/channels' first: the live panel (./LivePanel.svelte) needs
// the wasm build with the channel session, which init() loads once this is
// imported.
import 'mizan-kernel/channels'
import '../../shared/board.css'
import { createKernel, init } from 'mizan-kernel'
import { mount } from 'svelte'
import App from './App.svelte'

await init()
const kernel = createKernel({ baseUrl: '/api/mizan' })
mount(App, { target: document.getElementById('app'), props: { kernel } })
