// Server-spelled numbers through the full build (C++ conversions): the
// cases in support/number_cases.js.
import { beforeAll } from 'vitest'
import { init } from '../../js/index.js'
import { numberCases } from './support/number_cases.js'

beforeAll(() => init())
numberCases()
