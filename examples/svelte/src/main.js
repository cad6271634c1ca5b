// One kernel for the page, handed to the components that make stores of it.
import '../../shared/board.css'
import { createKernel, init } from 'mizan-kernel'
import { mount } from 'svelte'
import App from './App.svelte'

await init()
const kernel = createKernel({ baseUrl: '/api/mizan' })
mount(App, { target: document.getElementById('app'), props: { kernel } })
