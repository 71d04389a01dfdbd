#!/usr/bin/env node
import 'dotenv/config';
import { runMain } from './run-main.js';

process.exitCode = await runMain(process.env, process.argv.slice(2));
